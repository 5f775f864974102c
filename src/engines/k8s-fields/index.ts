/** Kubernetes field validation for pod-bearing objects (HAKO-003): the extracted model and a validator for positioned trees. */
export type { FieldsModel, FieldType, ScalarName } from './model.js';
export { displayName, loadK8sFields, parseFieldsModel, parseFieldType, rootType } from './model.js';
export type { FieldProblem, FieldProblemKind } from './validate.js';
export { dotted, validateObject } from './validate.js';
