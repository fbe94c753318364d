export enum TransferKind {
    TRANSFER = "TRANSFER",
    MINT = "MINT",
    BURN = "BURN",
    FEE = "FEE",
    XCM_IN = "XCM_IN",
    XCM_OUT = "XCM_OUT",
    DUST = "DUST",
    OPENING = "OPENING",
    ADJUSTMENT = "ADJUSTMENT",
}
