import { Text } from '@tarojs/components';
import { HAZARD_STATE_LABELS, type HazardState } from '@safegrid/shared';
import { stateColours } from '../lib';

/** The hazard's state as a coloured tag. */
export function StateTag({ state, label }: { state: HazardState; label?: string }) {
  return (
    <Text className={`hz-state hz-state-${state}`} style={stateColours(state)}>
      {label || HAZARD_STATE_LABELS[state]}
    </Text>
  );
}
