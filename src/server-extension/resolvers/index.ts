export {StatusResolver} from './status'
export {ContractsResolver} from './contracts'
