// Tables the processor needs and the API does not serve (schema.graphql holds only the public ones).
export * from './activityMark.model'
export * from './chainState.model'
