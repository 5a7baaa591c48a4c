import { Text, View } from '@tarojs/components';
import { percentColour } from '../../lib/labels';
import { formatRatio, ratioPercent } from '@safegrid/shared';

export interface RateRow {
  key: string;
  label: string;
  signed: number;
  total: number;
  onTap?: () => void;
}

/** Signed / owed and the rate with a bar drawn by Views (no chart library). */
export function RateTable({ head, rows }: { head: string; rows: RateRow[] }) {
  return (
    <View className="cm-rates">
      <View className="cm-rate-row cm-rate-head">
        <Text className="cm-rate-name">{head}</Text>
        <Text className="cm-rate-count">已签/应签</Text>
        <Text className="cm-rate-pct">签署率</Text>
      </View>
      {rows.map((r) => {
        const pct = ratioPercent(r.signed, r.total);
        return (
          <View key={r.key} className={`cm-rate-row ${r.onTap ? 'cm-rate-tap' : ''}`} onClick={r.onTap}>
            <View className="cm-rate-name">
              <Text>{r.label}</Text>
              {r.onTap ? <Text className="link">{' ›'}</Text> : null}
            </View>
            <Text className="cm-rate-count">{`${r.signed}/${r.total}`}</Text>
            <View className="cm-rate-pct">
              <Text className="cm-rate-value" style={{ color: percentColour(pct) }}>
                {formatRatio(r.signed, r.total)}
              </Text>
              <View className="cm-bar">
                <View className="cm-bar-fill" style={{ width: `${pct ?? 0}%`, background: percentColour(pct) }} />
              </View>
            </View>
          </View>
        );
      })}
    </View>
  );
}
