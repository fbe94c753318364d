export {StatusResolver} from './status'
