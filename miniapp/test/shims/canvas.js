/**
 * jsdom draws nothing: its <canvas> has no 2D context (without the native `canvas` package). This
 * gives every canvas a context that records what was drawn (`canvas.__ink.calls`) and a fixed PNG
 * for `toDataURL`, which a test may replace on the element.
 */
// The smallest PNG there is (1×1, transparent): 68 bytes.
const PNG_1PX = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

function recordingContext() {
  const calls = [];
  const record = (name) => (...args) => void calls.push([name, ...args]);
  return {
    calls,
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    strokeStyle: '#000',
    fillStyle: '#000',
    beginPath: record('beginPath'),
    moveTo: record('moveTo'),
    lineTo: record('lineTo'),
    stroke: record('stroke'),
    fillRect: record('fillRect'),
    clearRect: record('clearRect'),
    scale: record('scale'),
  };
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
