export * from './marks.js';
export * from './attendance.js';
export * from './lessons.js';
export * from './period-marks.js';
export { GRADES_WITHOUT_MARKS } from './rules.js';
