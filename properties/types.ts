/** The property type of the protocol model. */
import type { Property } from '../checker/model.ts';
import type { ProtocolAction } from '../model/actions.ts';
import type { ProtocolState } from '../model/state.ts';

export type ProtocolProperty = Property<ProtocolState, ProtocolAction>;
