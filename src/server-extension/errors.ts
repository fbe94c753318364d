import {GraphQLError} from 'graphql'

/**
 * A mistake in what the client asked (an argument out of range, an unknown chain): its message is
 * shown as it is, with the code BAD_USER_INPUT. Any other error a resolver throws is answered as
 * an internal error, its message kept in the server's log only.
 */
export class UserError extends GraphQLError {
    constructor(message: string) {
        super(message, undefined, undefined, undefined, undefined, undefined, {code: 'BAD_USER_INPUT'})
        this.name = 'UserError'
    }
}
