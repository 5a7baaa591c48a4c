import { Text } from '@tarojs/components';
import { REWARD_STATE_LABELS, type RewardState } from '@safegrid/shared';
import { stateColours } from '../lib';
import { tagColours, useOnHero } from '../../components/Hero';

/** The reward's state as a coloured tag (a white pill on a Hero). */
export function StateTag({ state }: { state: RewardState }) {
  const onHero = useOnHero();
  return (
    <Text className={`rw-state rw-state-${state}`} style={tagColours(stateColours(state), onHero)}>
      {REWARD_STATE_LABELS[state] ?? state}
    </Text>
  );
}
