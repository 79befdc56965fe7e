package app.polychat.finetune.validate;

/**
 * How many findings of one code and severity a validation produced (all of them, also those not
 * printed).
 */
public record FindingCount(FindingCode code, Severity severity, long count) {}
