package app.polychat.finetune.example;

/**
 * One block of a message's content. Only text exists today; image, video and reasoning blocks will
 * join this sealed family as the formats that carry them are supported.
 */
public sealed interface ContentBlock permits TextBlock {}
