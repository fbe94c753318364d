export enum XcmStatus {
    sent = "sent",
    enqueued = "enqueued",
    processed = "processed",
    failed = "failed",
    overweight = "overweight",
}
