/**
 * The Strudel use case as a pack: the prompt config and the 54-example sample set as resources
 * ({@link app.polychat.finetune.strudel.StrudelPack}), the format scorer ({@link
 * app.polychat.finetune.strudel.StrudelScorer}), and {@link
 * app.polychat.finetune.strudel.StrudelEngineCheck}, which runs every answer in the real Strudel
 * engine in a separate Node.js process. The engine's npm packages are AGPL-3.0 and never shipped
 * here: {@link app.polychat.finetune.strudel.StrudelEngine} installs them into a folder the user
 * owns ({@code finetune strudel setup}).
 *
 * <pre>{@code
 * try (StrudelEngineCheck check = StrudelEngineCheck.builder().build();
 *     AnswerChecks checks = AnswerChecks.of(List.of(check))) {
 *   GenerationEngine engine = GenerationEngine.builder()
 *       .source(teacher).tracker(tracker).checks(checks).build();
 *   engine.run(plan, GenerationOptions.defaults(Path.of("datasets/strudel")));
 * }
 * }</pre>
 */
package app.polychat.finetune.strudel;
