import { Text } from '@tarojs/components';
import { HAZARD_STATE_LABELS, type HazardState } from '@safegrid/shared';
import { stateColours } from '../lib';
import { tagColours, useOnHero } from '../../components/Hero';

/** The hazard's state as a coloured tag (a white pill on a Hero, so 整改中 is not blue on blue). */
export function StateTag({ state, label }: { state: HazardState; label?: string }) {
  const onHero = useOnHero();
  return (
    <Text className={`hz-state hz-state-${state}`} style={tagColours(stateColours(state), onHero)}>
      {label || HAZARD_STATE_LABELS[state]}
    </Text>
  );
}
