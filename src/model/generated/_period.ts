export enum Period {
    hour = "hour",
    day = "day",
}
