export { startLogCapture as default } from '../scripts/local/log-capture';
