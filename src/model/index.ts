export * from "./generated"
export * from "./internal"
import "./relations"
