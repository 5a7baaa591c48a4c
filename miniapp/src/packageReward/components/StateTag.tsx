import { Text } from '@tarojs/components';
import { REWARD_STATE_LABELS, type RewardState } from '@safegrid/shared';
import { stateColours } from '../lib';

/** The reward's state as a coloured tag. */
export function StateTag({ state }: { state: RewardState }) {
  return (
    <Text className={`rw-state rw-state-${state}`} style={stateColours(state)}>
      {REWARD_STATE_LABELS[state] ?? state}
    </Text>
  );
}
