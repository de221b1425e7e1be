import type { AccessProfile } from '../access/profile.js';
import type { ServiceDeps } from '../services/deps.js';
import { familyHelp } from './index.js';

export function helpService(deps: ServiceDeps) {
  return {
    family: (p: AccessProfile | null) => familyHelp(deps.db, p),
  };
}
