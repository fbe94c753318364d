export enum XcmTransport {
    ump = "ump",
    dmp = "dmp",
    hrmp = "hrmp",
}
