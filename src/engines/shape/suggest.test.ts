import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['awsvcp', 'awsvpc', 1],
    ['kitten', 'sitting', 3],
    ['retries', 'retry', 3],
  ])('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('didYouMean', () => {
  const fields = ['name', 'image', 'readonlyRootFilesystem', 'privileged', 'memory', 'memoryReservation'];
  it.each([
    ['readOnlyRootFileSystem', fields, 'readonlyRootFilesystem'],
    ['readonlyRootFilesytem', fields, 'readonlyRootFilesystem'],
    ['memroy', fields, 'memory'],
    ['Image', fields, 'image'],
    ['emptyDir', ['name', 'host', 'dockerVolumeConfiguration'], undefined],
    ['CAP_SYS_ADMIN', ['SYS_ADMIN', 'SYS_PTRACE'], 'SYS_ADMIN'],
    ['cap_net_admin', ['NET_ADMIN'], 'NET_ADMIN'],
    ['tdp', ['tcp', 'udp'], undefined],
    ['TCP', ['tcp', 'udp'], 'tcp'],
    ['ENABLE', ['ENABLED', 'DISABLED'], 'ENABLED'],
    ['xyz', ['abc'], undefined],
  ] as [string, string[], string | undefined][])('%s', (input, candidates, want) => {
    expect(didYouMean(input, candidates)).toBe(want);
  });
});
