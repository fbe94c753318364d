export * as v100 from './v100'
export * as events from './events'
