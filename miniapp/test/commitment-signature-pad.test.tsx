import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SignaturePad, dataUrlBytes } from '../src/components/SignaturePad';
import { reset } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG_1PX, recordingContext } = require('./shims/canvas') as { PNG_1PX: string; recordingContext: () => { calls: unknown[][] } };

afterEach(() => {
  process.env.TARO_ENV = 'h5';
  reset();
});

type Ink = { calls: unknown[][] };
const inkOf = (canvas: HTMLCanvasElement) => (canvas as unknown as { __ink: Ink }).__ink;

/** A stroke with the mouse: down, `moves` moves to the right, up. */
function drawWithMouse(canvas: Element, moves: number) {
  fireEvent.mouseDown(canvas, { clientX: 10, clientY: 20 });
  for (let i = 1; i <= moves; i += 1) fireEvent.mouseMove(canvas, { clientX: 10 + i * 5, clientY: 20 + i });
  fireEvent.mouseUp(canvas, { clientX: 10 + moves * 5, clientY: 20 + moves });
}

test('H5: the pad reports empty until something is drawn on it, then the drawing as a PNG; 清除 empties it again', async () => {
  const onChange = jest.fn();
  const { container } = render(<SignaturePad onChange={onChange} />);
  const canvas = container.querySelector('canvas#pad') as HTMLCanvasElement;
  expect(canvas).toBeTruthy();

  // Nothing drawn: refused, and nothing but "empty" is reported.
  fireEvent.click(screen.getByText('确认签名'));
  expect(await screen.findByText('签名为空：请在框内手写签名后再确认')).toBeTruthy();
  expect(onChange.mock.calls).toEqual([[undefined]]);

  // A tap is not a signature.
  fireEvent.mouseDown(canvas, { clientX: 50, clientY: 50 });
  fireEvent.mouseUp(canvas, { clientX: 50, clientY: 50 });
  fireEvent.click(screen.getByText('确认签名'));
  await waitFor(() => expect(onChange).toHaveBeenCalledTimes(2));
  expect(onChange).toHaveBeenLastCalledWith(undefined);

  // A stroke is drawn where the mouse went, and confirming hands over the PNG.
  drawWithMouse(canvas, 8);
  const lines = inkOf(canvas).calls.filter(([name]) => name === 'lineTo');
  expect(lines).toContainEqual(['lineTo', 50, 28]);
  fireEvent.click(screen.getByText('确认签名'));
  expect(await screen.findByText('✓ 签名已确认')).toBeTruthy();
  expect(onChange).toHaveBeenLastCalledWith({ path: PNG_1PX, size: 68 });

  // 清除: blank paper again, reported as empty, and confirming is refused again.
  fireEvent.click(screen.getByText('清除'));
  expect(onChange).toHaveBeenLastCalledWith(undefined);
  expect(screen.queryByText('✓ 签名已确认')).toBeNull();
  fireEvent.click(screen.getByText('确认签名'));
  expect(await screen.findByText('签名为空：请在框内手写签名后再确认')).toBeTruthy();
  expect(onChange).toHaveBeenLastCalledWith(undefined);
});

test('H5: a finger draws too, and drawing again after confirming withdraws the confirmed signature', async () => {
  const onChange = jest.fn();
  const { container } = render(<SignaturePad onChange={onChange} />);
  const canvas = container.querySelector('canvas#pad') as HTMLCanvasElement;
  fireEvent.touchStart(canvas, { touches: [{ clientX: 5, clientY: 5 }] });
  for (let i = 1; i <= 6; i += 1) fireEvent.touchMove(canvas, { touches: [{ clientX: 5 + i * 4, clientY: 5 + i * 2 }] });
  fireEvent.touchEnd(canvas, { touches: [] });
  // The browser's made-up mouse events after a touch draw nothing.
  const before = inkOf(canvas).calls.length;
  fireEvent.mouseDown(canvas, { clientX: 200, clientY: 100 });
  expect(inkOf(canvas).calls.length).toBe(before);

  fireEvent.click(screen.getByText('确认签名'));
  await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ path: PNG_1PX, size: 68 }));
  fireEvent.touchStart(canvas, { touches: [{ clientX: 30, clientY: 30 }] });
  expect(onChange).toHaveBeenLastCalledWith(undefined);
  expect(screen.getByText('写好后请点“确认签名”')).toBeTruthy();
});

test('weapp: the 2d canvas node is sized for the screen, drawn on with canvas touches and exported with canvasToTempFilePath', async () => {
  process.env.TARO_ENV = 'weapp';
  const node = { width: 0, height: 0, ink: recordingContext(), getContext() { return this.ink; } };
  const fields = jest.fn();
  jest.spyOn(Taro, 'createSelectorQuery').mockImplementation((() => {
    const query = {
      select: (selector: string) => {
        expect(selector).toBe('#pad');
        return query;
      },
      fields: (f: unknown) => {
        fields(f);
        return query;
      },
      exec: (cb: (res: unknown[]) => void) => cb([{ node, width: 300, height: 150 }]),
    };
    return query;
  }) as never);
  jest.spyOn(Taro, 'getWindowInfo').mockReturnValue({ pixelRatio: 3 } as never);
  const toFile = jest.spyOn(Taro, 'canvasToTempFilePath').mockResolvedValue({ tempFilePath: 'wxfile://tmp/sig.png', errMsg: 'ok' } as never);
  jest.spyOn(Taro, 'getFileSystemManager').mockReturnValue({
    getFileInfo: ({ success }: { success: (r: { size: number }) => void }) => success({ size: 4321 }),
  } as never);

  const onChange = jest.fn();
  const { container } = render(<SignaturePad onChange={onChange} />);
  await waitFor(() => expect(node.width).toBe(900));
  expect(fields).toHaveBeenCalledWith({ node: true, size: true });
  expect(node.height).toBe(450);
  expect(node.ink.calls).toContainEqual(['scale', 3, 3]);

  const pad = container.querySelector('#pad')!;
  expect(pad.tagName.toLowerCase()).toBe('taro-canvas-core');
  const touch = (type: string, x: number, y: number) =>
    act(() => {
      const event = new Event(type);
      Object.assign(event, { touches: type === 'touchend' ? [] : [{ identifier: 0, x, y }] });
      pad.dispatchEvent(event);
    });
  touch('touchstart', 10, 10);
  for (let i = 1; i <= 6; i += 1) touch('touchmove', 10 + i * 10, 10 + i * 3);
  touch('touchend', 0, 0);
  expect(node.ink.calls).toContainEqual(['lineTo', 70, 28]);

  fireEvent.click(screen.getByText('确认签名'));
  await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ path: 'wxfile://tmp/sig.png', size: 4321 }));
  expect(toFile).toHaveBeenCalledWith({ canvas: node, fileType: 'png', destWidth: 600, destHeight: 300 });
});

test('the size of a data: URL is the bytes it decodes to', () => {
  expect(dataUrlBytes(PNG_1PX)).toBe(68);
  expect(dataUrlBytes('data:image/png;base64,AAAA')).toBe(3);
  expect(dataUrlBytes('data:image/png;base64,AAA=')).toBe(2);
  expect(dataUrlBytes('data:image/png;base64,AA==')).toBe(1);
});
