package app.polychat.finetune.validate;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.internal.KeywordMatcher;

/** What one validation run checks against; shared by the files it scans. */
record ScanSettings(
    ModelRules model,
    CustomizationType method,
    String formatId,
    TokenEstimator estimator,
    KeywordMatcher keywords,
    int maxLineBytes) {}
