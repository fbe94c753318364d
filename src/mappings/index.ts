import {analyticsModule} from './analytics'
import {assetsModule} from './assets'
import {chainModule} from './chain'
import {contractsModule} from './contracts'
import type {DomainModule} from './module'
import {xcmModule} from './xcm'

/**
 * The index's domains, in the order they map and save (each reads the outputs of those before it;
 * parents before children). Reindex rolls them back in reverse order. A new pallet is one more
 * folder here with its module (see docs/development.md).
 */
export const DOMAIN_MODULES: readonly DomainModule<any>[] = [
    chainModule,
    contractsModule,
    xcmModule,
    assetsModule,
    analyticsModule,
]
