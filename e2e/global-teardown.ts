export { checkLogCapture as default } from '../scripts/local/log-capture';
