import { Text, View } from '@tarojs/components';
import { createContext, useContext, type ReactNode } from 'react';
import { H5Back } from './H5Back';

/** Whether a tag stands on a Hero (its fill, our blue #1677ff): tags read it to keep their contrast. */
const OnHero = createContext(false);
export const useOnHero = () => useContext(OnHero);

/**
 * A coloured tag's look (fill and text) where it stands: on a Hero, a dark fill with white text would
 * be blue on blue (or purple, cyan on blue), so it turns into a white pill with its fill as the text;
 * a light fill (yellow, grey, white) stands out on the blue as it is.
 */
export function tagColours<T extends { background: string; color: string }>(c: T, onHero: boolean): T {
  if (!onHero || !/^#f{3}(f{3})?$/i.test(c.color)) return c;
  return { ...c, background: '#ffffff', color: c.background };
}

/** The coloured heading every home starts with; in H5, with a way back when there is a page to go back to. */
export function Hero({ title, sub, children }: { title: string; sub?: ReactNode; children?: ReactNode }) {
  return (
    <View className="hero">
      <H5Back />
      <View className="hero-title">
        <Text>{title}</Text>
      </View>
      {sub ? <View className="hero-sub">{sub}</View> : null}
      <OnHero.Provider value={true}>{children}</OnHero.Provider>
    </View>
  );
}
