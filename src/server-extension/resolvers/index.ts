export {StatusResolver} from './status'
export {ContractsResolver} from './contracts'
export {XcmResolver} from './xcm'
export {AnalyticsResolver} from './analytics'
