/**
 * Per-viewer fields
 *
 * Fields whose value depends on who asks (`viewerHasFavorited`, `viewerFollows`) carry the
 * `perViewer` extension, so that what may be computed once for everyone can tell when it may not:
 * a live event's result is shared by its subscribers only when their selection has none of them.
 */
import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';

export const PER_VIEWER = 'perViewer';

/** Marks a field whose value depends on the viewer. */
export const PerViewer = () => Extensions({ [PER_VIEWER]: true });

/** Whether the document selects a per-viewer field anywhere in it. */
export function readsPerViewerField(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (typeInfo.getFieldDef()?.extensions[PER_VIEWER] === true) found = true;
      },
    }),
  );
  return found;
}
