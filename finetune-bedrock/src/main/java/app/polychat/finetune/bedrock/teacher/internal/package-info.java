/**
 * Implementation details of the Bedrock teachers: the Converse call loop, message mapping, batch
 * input files, batch output collection and chunk bookkeeping. Not public API: anything here may
 * change without notice.
 */
package app.polychat.finetune.bedrock.teacher.internal;
