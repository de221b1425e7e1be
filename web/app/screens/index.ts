import type { ComponentType } from 'preact';
import type { Me } from '../home.js';
import type { Launch } from '../telegram.js';
import { TermScreen } from './term/index.js';
import { Glance } from './glance/index.js';
import { Panel } from './panel/index.js';
import { GridScreen } from './grid/index.js';

/** What every screen gets: who is signed in, the query string's parameters, Telegram's side. */
export interface ScreenProps {
  me: Me;
  params: URLSearchParams;
  launch: Launch;
}

/** The screens by the name the server gives them (web/server/screens.ts); each adds itself here. */
export const SCREENS: Partial<Record<ScreenName, ComponentType<ScreenProps>>> = {
  term: TermScreen,
  glance: Glance,
  panel: Panel,
  grid: GridScreen,
};

export type ScreenName = 'grid' | 'glance' | 'term' | 'panel';
