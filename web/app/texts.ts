import type { FluentVariable } from '@fluent/bundle';
import { fluentBundle, formatMessage } from '../../core/fluent.js';
import term from '../../locales/ru/term.ftl';
import glance from '../../locales/ru/glance.ftl';
import panel from '../../locales/ru/panel.ftl';
import grid from '../../locales/ru/grid.ftl';
import webapp from '../../locales/ru/webapp.ftl';

/**
 * The page's Russian texts, from the same Fluent files as the chat (bundled
 * at build time, read by core/fluent.ts). A screen adds its own file here.
 */
const SOURCES = [webapp, grid, term, glance, panel];

const bundle = fluentBundle('ru', SOURCES.join('\n'), 'webapp');

export const t = (key: string, args: Record<string, FluentVariable> = {}): string =>
  formatMessage(bundle, 'webapp', key, args);
