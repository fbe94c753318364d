export enum AssetKind {
    NATIVE = "NATIVE",
    FUNGIBLE = "FUNGIBLE",
    NFT = "NFT",
}
