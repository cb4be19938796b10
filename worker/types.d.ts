// drizzle-kit's Durable Object migrations import their SQL as text (wrangler.toml [[rules]] type = "Text").
declare module "*.sql" {
  const sql: string;
  export default sql;
}
