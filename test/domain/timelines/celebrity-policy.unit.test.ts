import { CelebrityPolicy } from '../../../src/domain/timelines/celebrity-policy';

describe('CelebrityPolicy', () => {
  const policy = new CelebrityPolicy(3);

  it('makes a celebrity of more followers than the threshold, not of exactly as many', () => {
    expect(policy.isCelebrity(3)).toBe(false);
    expect(policy.isCelebrity(4)).toBe(true);
    expect(policy.minFollowers).toBe(4);
  });

  it('tells whether an unfollow ended a celebrity from the count it left', () => {
    expect(policy.wasCelebrityBeforeUnfollow(3)).toBe(true);
    expect(policy.wasCelebrityBeforeUnfollow(2)).toBe(false);
  });

  it('with a threshold of 0, anyone followed at all is a celebrity', () => {
    const everyone = new CelebrityPolicy(0);
    expect(everyone.isCelebrity(0)).toBe(false);
    expect(everyone.isCelebrity(1)).toBe(true);
  });
});
