/** The property type of the protocol model. */
import type { Property } from '../checker/model.ts';
import type { ProtocolAction } from '../model/scheme1/actions.ts';
import type { ProtocolState } from '../model/scheme1/state.ts';

export type ProtocolProperty = Property<ProtocolState, ProtocolAction>;
