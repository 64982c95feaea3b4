package dev.secrets.sops;

/**
 * How many key groups must be opened to recover a data key (Shamir), decided in one place: 0 means
 * "all groups" for a file with several groups, and a file's own threshold never exceeds its groups.
 */
final class Threshold {
    private Threshold() {
    }

    /** The threshold written for {@code groups} key groups when {@code requested} is asked (0: all). */
    static int forGroups(int groups, int requested) {
        return groups > 1 && requested == 0 ? groups : requested;
    }

    /**
     * The threshold when an existing file is re-wrapped for new groups: the rule's when it sets one,
     * else the file's own capped at the number of groups (as sops updatekeys does).
     */
    static int forRewrap(int fileThreshold, int ruleThreshold, int groups) {
        return forGroups(groups, ruleThreshold != 0 ? ruleThreshold : Math.min(fileThreshold, groups));
    }
}
