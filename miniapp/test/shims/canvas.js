/**
 * jsdom draws nothing: its <canvas> has no 2D context (without the native `canvas` package). This
 * gives every canvas a context that records every call made on it (`canvas.__ink.calls`), so a
 * test can read what a signature or a chart drew, and a fixed PNG for `toDataURL`, which a test
 * may replace on the element.
 */
// The smallest PNG there is (1×1, transparent): 68 bytes.
const PNG_1PX = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

function recordingContext() {
  const calls = [];
  const state = {
    calls,
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    strokeStyle: '#000',
    fillStyle: '#000',
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    globalAlpha: 1,
  };
  // What a drawing library reads back: text widths and gradients.
  const answers = {
    measureText: (text) => ({ width: String(text).length * 6 }),
    createLinearGradient: () => ({ addColorStop() {} }),
    createRadialGradient: () => ({ addColorStop() {} }),
  };
  // Any other method is recorded: [name, ...args].
  return new Proxy(state, {
    get(target, key) {
      if (key in target || typeof key !== 'string') return target[key];
      return (...args) => {
        calls.push([key, ...args]);
        return answers[key]?.(...args);
      };
    },
  });
}

if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = function getContext(kind) {
    if (kind !== '2d') return null;
    if (!this.__ink) this.__ink = recordingContext();
    return this.__ink;
  };
  HTMLCanvasElement.prototype.toDataURL = function toDataURL() {
    return PNG_1PX;
  };
}

module.exports = { PNG_1PX, recordingContext };
