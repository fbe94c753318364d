export * from "./generated"
export * from "./internal"
