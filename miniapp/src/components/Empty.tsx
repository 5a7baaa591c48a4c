/**
 * NutUI's Empty with pictures we ship. NutUI's own loads its pictures from a CDN
 * (storage.360buyimg.com): broken offline and a needless request to a third party. Every
 * `import { Empty } from '@nutui/nutui-react-taro'` lands here (babel.config.js maps the name, as
 * test/shims/nutui.js does in the tests), so no screen can fetch them; NutUI's module, which holds the
 * CDN addresses, is never bundled. Same markup and classes (NutUI's CSS still styles it) and props.
 * The pictures (scripts/empty-images.ts) are under Taro's 2 KB image limit, so the build inlines them.
 */
import { Image, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { CSSProperties, ReactNode } from 'react';
import emptyPng from '../assets/empty/empty.png';
import errorPng from '../assets/empty/error.png';
import networkPng from '../assets/empty/network.png';

type Status = 'empty' | 'error' | 'network';
export const EMPTY_IMAGES: Record<Status, string> = { empty: emptyPng as string, error: errorPng as string, network: networkPng as string };

export interface EmptyAction {
  text: ReactNode;
  type?: 'default' | 'primary' | 'info' | 'success' | 'warning' | 'danger';
  size?: 'xlarge' | 'large' | 'normal' | 'small' | 'mini';
  fill?: 'solid' | 'outline' | 'dashed' | 'none';
  disabled?: boolean;
  onClick?: () => void;
}

export interface EmptyProps {
  image?: ReactNode;
  imageSize?: number | string;
  title?: ReactNode;
  description?: ReactNode;
  size?: 'small' | 'base';
  status?: Status;
  actions?: EmptyAction[];
  className?: string;
  style?: CSSProperties;
  children?: ReactNode;
}

export function Empty({ image, imageSize, title, description, size = 'base', status = 'empty', actions = [], className, style, children }: EmptyProps) {
  const picture = image ?? EMPTY_IMAGES[status] ?? EMPTY_IMAGES.empty;
  const box = imageSize === undefined || imageSize === '' ? undefined : typeof imageSize === 'number' ? { width: `${imageSize}px`, height: `${imageSize}px` } : { width: imageSize, height: imageSize };
  return (
    <View className={`nut-empty ${className ?? ''}`} style={style}>
      <View className={`nut-empty-${size}`} style={box}>
        {typeof picture === 'string' ? <Image className="nut-empty-image" style={{ width: '100%', height: '100%' }} src={picture} /> : picture}
      </View>
      {typeof title === 'string' ? title ? <View className="nut-empty-title">{title}</View> : null : title}
      {typeof description === 'string' ? <View className="nut-empty-description">{description}</View> : description}
      {actions.length ? (
        <View className={`nut-empty-actions-${size}`}>
          {actions.map(({ text, ...rest }, i) => (
            <View className="nut-empty-action" key={i}>
              <Button {...rest}>{text}</Button>
            </View>
          ))}
        </View>
      ) : null}
      {children}
    </View>
  );
}

export default Empty;
