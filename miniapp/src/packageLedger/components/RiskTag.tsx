import { Tag } from '@nutui/nutui-react-taro';
import { riskColours, riskLabel } from '../../lib/labels';
import { tagColours, useOnHero } from '../../components/Hero';
import type { RiskClass } from '../lib';

/** The risk class as a coloured tag: A red, B orange, C yellow, D blue. */
export function RiskTag({ risk }: { risk: RiskClass }) {
  const { background, color } = tagColours(riskColours(risk), useOnHero());
  return (
    <Tag className={`risk-tag risk-${risk}`} background={background} color={color}>
      {riskLabel(risk)}
    </Tag>
  );
}
