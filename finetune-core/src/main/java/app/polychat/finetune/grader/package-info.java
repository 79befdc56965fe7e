/**
 * Graders for reinforcement fine-tuning: AWS Lambda deployment packages (Node.js) that implement
 * Bedrock's grader contract, built on the user's machine from npm ({@link
 * app.polychat.finetune.grader.GraderPackager}), and run locally under Node on sample batches
 * before any money is spent ({@link app.polychat.finetune.grader.LocalGrader}). What a grader
 * checks comes from a {@link app.polychat.finetune.grader.GraderSource}; the Strudel pack supplies
 * one that runs the Strudel engine check.
 *
 * <pre>{@code
 * GraderPackage pkg = GraderPackager.builder().directory(Path.of("grader")).build().build(source);
 * List<GradedSample> graded = LocalGrader.builder().directory(pkg.directory()).build()
 *     .grade(GraderBatch.fromDataset(rftFile, 8, null));
 * }</pre>
 */
package app.polychat.finetune.grader;
