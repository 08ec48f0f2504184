/**
 * A student's name and, when another student of the class has the same name (or one
 * that looks alike), what tells them apart: "Aisha Hansen (id 2041)", "Aisha Hansen (#3f2a)".
 * In a narrow column the name is shortened, never the tag.
 */
export function StudentName({ name, tag }: { name: string; tag: string | null | undefined }) {
  return (
    <span className="tagged-name">
      <span dir="auto" className="tagged-name-text">{name}</span>
      {tag && (
        <span className="name-tag" title="Another student in this class has this name: this tells them apart (their school id, or the first characters of their id in Lede)">
          {' '}({tag})
        </span>
      )}
    </span>
  );
}
