/** AWS API shape validation: the extracted botocore models and a validator for positioned trees. */
export type {
  AwsService,
  ListShape,
  MapShape,
  Member,
  ScalarShape,
  ScalarType,
  Shape,
  ShapeModel,
  StructureShape,
} from './model.js';
export { loadShapes, parseShapeModel, references } from './model.js';
export { didYouMean, editDistance } from './suggest.js';
export type { ShapeProblem, ShapeProblemKind, ValidateOptions } from './validate.js';
export { validateShape } from './validate.js';
