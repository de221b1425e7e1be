import type { AccessProfile } from '../access/profile.js';
import type { Messenger } from '../messenger.js';
import { visibleClasses } from '../access/policy.js';
import type { ServiceDeps } from '../services/deps.js';
import {
  classLinksScreen,
  exportMyData,
  linkToRevoke,
  logout,
  reportCompromise,
  revokeLinkByStaff,
  switchActiveChild,
} from './account.js';
import { checkCode, recordConsentRefusal, redeemInvitation, type LinkingDeps } from './linking.js';

/** Invitations redeemed (with the 152-ФЗ consent), the account's own links, and a class's links for its staff. */
export function linkingService(deps: ServiceDeps) {
  const linking: LinkingDeps = {
    ds: deps.db,
    rateLimiter: deps.rateLimiter,
    hashKey: deps.hashKey,
    previousHashKeys: deps.config.CODE_HASH_KEY_PREVIOUS,
    limits: { perAccountPerHour: deps.config.CODE_ATTEMPTS_PER_HOUR },
    clock: deps.clock,
  };
  return {
    checkCode: (telegramUserId: number, typed: string, messenger?: Messenger) =>
      checkCode(linking, telegramUserId, typed, messenger),
    redeem: (input: Parameters<typeof redeemInvitation>[1]) => redeemInvitation(linking, input),
    refuseConsent: (input: Parameters<typeof recordConsentRefusal>[1]) => recordConsentRefusal(linking, input),
    logout: (p: AccessProfile) => logout(deps.db, p),
    reportCompromise: (p: AccessProfile) => reportCompromise(deps.db, p, deps.clock.now()),
    switchChild: (p: AccessProfile, studentId: number) => switchActiveChild(deps.db, p, studentId),
    /** /mydata: everything stored about the account, as of `now`. */
    myData: (p: AccessProfile, now: Date) => exportMyData(deps.db, p, now),
    /** The classes whose links this account may manage (/class). */
    manageableClasses: (p: AccessProfile) => visibleClasses(deps.db, p, 'manageAccess'),
    classLinks: (p: AccessProfile, classId: number) => classLinksScreen(deps.db, p, classId),
    linkToRevoke: (p: AccessProfile, linkId: number) => linkToRevoke(deps.db, p, linkId),
    revokeLink: (p: AccessProfile, linkId: number) => revokeLinkByStaff(deps.db, p, linkId),
  };
}
