/**
 * Connection types
 *
 * Relay-style `<Name>Connection` and `<Name>Edge` object types for a node type.
 */
import { Field, ObjectType, type ClassType } from 'type-graphql';

import { PageInfoType } from './page-info.type';

export function connectionType<Node extends object>(name: string, nodeType: ClassType<Node>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: Node;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfoType)
    pageInfo!: PageInfoType;
  }

  return Connection;
}
