// GraphQL Code Generator plugin: emits the schema SDL as a TypeScript string,
// so the server needs no file read at run time (the bundled dist/ has no
// stable path back to schema.graphql).
const { printSchema } = require('graphql');

module.exports = {
  plugin(schema) {
    return `/** The SDL of schema.graphql, for \`createSchema\`. */\nexport const typeDefs = ${JSON.stringify(printSchema(schema))};\n`;
  },
};
