/**
 * EventBridge event-pattern engine: validity, matching with AWS semantics, mismatch explanations and
 * "can this rule ever fire" checks against documented AWS event shapes. Semantics and sources:
 * section C of /work/shared/domain/iam-and-eventbridge.md and D4 of aws-container-facts.md.
 */
export { canEverMatch, type EverResult, expand } from './ever.js';
export { NumLit, parseJsonText } from './json.js';
export { explainMismatch, type MatchOutcome, matchDetailed, matches } from './match.js';
export { loadSample, SAMPLE_FILES, SHAPES, SOURCES, sampleEvents } from './shapes.js';
export {
  API_MAX_SIZE,
  combinations,
  DEFAULT_SIZE_QUOTA,
  isValidPattern,
  MAX_COMBINATIONS,
  type PatternIssue,
  validatePattern,
} from './validate.js';
