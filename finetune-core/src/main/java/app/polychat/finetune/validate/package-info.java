/**
 * Validation before money is spent: a streaming {@link
 * app.polychat.finetune.validate.DatasetValidator} that checks dataset files against Bedrock's
 * rules for each Nova model and customization method (every problem with its file, line, JSON path,
 * code, severity and fix), the {@link app.polychat.finetune.validate.JobSpecValidator} for job
 * names, URIs, ARNs, hyperparameters and teacher/student pairs, and {@link
 * app.polychat.finetune.validate.BedrockRules}, the one table every limit lives in. Token counts
 * are estimates: Nova's tokenizer is not public.
 *
 * <pre>{@code
 * ValidationReport report = DatasetValidator.builder()
 *     .model("nova-lite")
 *     .method("fine-tuning")
 *     .build()
 *     .validate(Path.of("datasets/strudel/train.jsonl"), Path.of("datasets/strudel/validation.jsonl"));
 * System.out.println(report.toText());
 * }</pre>
 */
package app.polychat.finetune.validate;
