export enum EventPhase {
    Initialization = "Initialization",
    ApplyExtrinsic = "ApplyExtrinsic",
    Finalization = "Finalization",
}
