/** Cases for `cases.test.ts` only (not in the suite's index): sides that fail while being prepared. */
import type { CaseDefinition } from './caseSpec.ts'
import { NotYetAvailable } from './ours.ts'

/** What the test does not look at. */
const about: Omit<CaseDefinition, 'ours'> = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: null,
  description: 'a loadCase fixture',
}

/** Both sides find our packages unfinished: one through `NotYetAvailable`, one through a placeholder. */
export const fixtureUnbuilt: CaseDefinition = {
  ...about,
  ours: async () => {
    throw new NotYetAvailable('not yet available: createThing')
  },
  peerSide: async () => {
    throw new Error('createOther: not implemented')
  },
}

/** Our side fails for a reason that is not "unfinished". */
export const fixtureBroken: CaseDefinition = {
  ...about,
  ours: async () => {
    throw new Error('boom')
  },
}
