export enum XcmDirection {
    in = "in",
    out = "out",
}
