/**
 * A Mini App screen's address as MAX's `open_app` button carries it. MAX opens the bot's one
 * configured app (no URL per button), passing the button's `payload` to the app as `start_param`,
 * and allows only `[A-Za-z0-9_-]` there. So `?screen=term&student=5&period=3` travels as
 * `term_student-5_period-3`: the screen, then `_key-value` pairs whose keys and values are
 * alphanumeric (a pair that is not is left out; the screen's own defaults stand in).
 */

const WORD = /^[A-Za-z0-9]+$/;
const MAX_PAYLOAD = 512;

/** The start parameter for a screen's query (`screen=…&…`); '' for the home screen. */
export function startParamOf(query: URLSearchParams): string {
  const screen = query.get('screen');
  if (!screen || !WORD.test(screen)) return '';
  const pairs = [...query].filter(([k, v]) => k !== 'screen' && WORD.test(k) && WORD.test(v));
  const param = [screen, ...pairs.map(([k, v]) => `${k}-${v}`)].join('_');
  return param.length <= MAX_PAYLOAD ? param : screen;
}

/** The query a start parameter stands for (empty: the home screen, or a parameter that is not ours). */
export function queryOfStartParam(param: string | null | undefined): URLSearchParams {
  const q = new URLSearchParams();
  const [screen, ...pairs] = (param ?? '').split('_');
  if (!screen || !WORD.test(screen)) return q;
  q.set('screen', screen);
  for (const p of pairs) {
    const m = /^([A-Za-z0-9]+)-([A-Za-z0-9]+)$/.exec(p);
    if (m) q.set(m[1], m[2]);
  }
  return q;
}
